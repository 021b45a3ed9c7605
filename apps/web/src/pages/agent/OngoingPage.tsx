import { Page } from '../../ui/kit';

export function OngoingPage() {
  return <Page title="OngoingPage">TODO</Page>;
}
