import { Page } from '../../ui/kit';

export function NewSmsPage() {
  return <Page title="NewSmsPage">TODO</Page>;
}
