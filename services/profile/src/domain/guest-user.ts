/** The single placeholder user of unknown requesters; made by a migration, never deleted. */
export const GUEST_USER_ID = '01970000-0000-7000-8000-000000000001';
