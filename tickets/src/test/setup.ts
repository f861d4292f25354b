import { useTestDatabase } from '@ticketing/common/testing';
// Registered before the database starts, so its indexes are built for every test file.
import '../models/ticket';

useTestDatabase();
