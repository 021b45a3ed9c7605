/** A number with the name the demo phone page shows for it. */
export interface PhoneBookEntry {
  name: string;
  phone: string;
}

export interface PhoneBook {
  /** People who text in: the demo directory's users (services/profile's seed). */
  requesters: readonly PhoneBookEntry[];
  /** The company's numbers they text (sms-gateway's seed; Billing answers with its virtual agent, Orders is at Telnyx). */
  companyNumbers: readonly PhoneBookEntry[];
}

/**
 * The numbers of the demo data (docs/first-conversation.md), offered by the demo phone page so a
 * newcomer needs to type none. Any other E.164 number works too: the simulator plays every phone.
 */
export const DEMO_PHONE_BOOK: PhoneBook = {
  requesters: [
    { name: 'Ada Lovelace', phone: '+15551230001' },
    { name: 'Grace Hopper', phone: '+15551230002' },
    { name: 'Alan Turing', phone: '+15551230003' },
  ],
  companyNumbers: [
    { name: 'Support', phone: '+15550100001' },
    { name: 'Billing', phone: '+15550100002' },
    { name: 'Orders', phone: '+15550100003' },
  ],
};
