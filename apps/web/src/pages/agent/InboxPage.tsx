import { Page } from '../../ui/kit';

export function InboxPage() {
  return <Page title="InboxPage">TODO</Page>;
}
