import { Page } from '../../ui/kit';

export function DirectoryPage() {
  return <Page title="DirectoryPage">TODO</Page>;
}
