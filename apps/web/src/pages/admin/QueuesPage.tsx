import { Page } from '../../ui/kit';

export function QueuesPage() {
  return <Page title="QueuesPage">TODO</Page>;
}
