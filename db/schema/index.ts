export * from './contest';
export * from './people';
export * from './scoring';
export * from './audit';
