import { globalTeardown } from './hooks';

export default globalTeardown;
