import { Page } from '../../ui/kit';

export function CapacityPage() {
  return <Page title="CapacityPage">TODO</Page>;
}
