import { useTestDatabase } from '@ticketing/common/testing';
// Registered before the database starts, so their indexes exist in every test.
import '../models/order';
import '../models/charge';

useTestDatabase();
