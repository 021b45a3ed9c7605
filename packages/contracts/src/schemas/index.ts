export * from './common';
export * from './sms';
export * from './profile';
export * from './interaction';
export * from './routing';
export * from './timer';
export * from './queries';
export * from './profile-queries';
