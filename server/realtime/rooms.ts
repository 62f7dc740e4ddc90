/** Room names: a fixed scheme per contest and role. */
export const rooms = {
  host: (contestId: number) => `contest:${contestId}:host`,
  public: (contestId: number) => `contest:${contestId}:public`,
  judge: (contestId: number, judgeId: number) => `contest:${contestId}:judge:${judgeId}`,
};
