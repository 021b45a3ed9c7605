import { Page } from '../../ui/kit';

export function MessagingActionsPage() {
  return <Page title="MessagingActionsPage">TODO</Page>;
}
