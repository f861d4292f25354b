import { globalSetup } from './hooks';

export default globalSetup;
