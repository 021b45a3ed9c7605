/** The one queue of the first conversation (made by a migration); roadmap 2 brings more. */
export const DEFAULT_QUEUE_ID = '01970000-0000-7000-8000-00000000c001';
