import { Page } from '../../ui/kit';

export function CompanyNumbersPage() {
  return <Page title="CompanyNumbersPage">TODO</Page>;
}
