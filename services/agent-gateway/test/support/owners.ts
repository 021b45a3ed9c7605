// The fake owners of agent commands live in testkit, shared with the timer service's tests.
export { FakeOwners } from '@threadline/testkit';
