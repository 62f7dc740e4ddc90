/**
 * Room names: a fixed scheme per contest and role. Public screens join the contest's public room
 * (display, ceremony) and one room per track they show, so a track's update reaches only the
 * screens that show that track.
 */
export const rooms = {
  host: (contestId: number) => `contest:${contestId}:host`,
  publicContest: (contestId: number) => `contest:${contestId}:public`,
  publicTrack: (contestId: number, trackKey: string) => `contest:${contestId}:public:${trackKey}`,
  judge: (contestId: number, judgeId: number) => `contest:${contestId}:judge:${judgeId}`,
  /** Every judge's pad (for notices to all of them). */
  allJudges: (contestId: number) => `contest:${contestId}:judges`,
};
