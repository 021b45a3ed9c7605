import { Page } from '../../ui/kit';

export function SearchPage() {
  return <Page title="SearchPage">TODO</Page>;
}
