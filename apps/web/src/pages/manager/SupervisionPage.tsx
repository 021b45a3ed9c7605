import { Page } from '../../ui/kit';

export function SupervisionPage() {
  return <Page title="SupervisionPage">TODO</Page>;
}
