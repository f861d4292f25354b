import { useTestDatabase } from '@ticketing/common/testing';
// Registered before the database starts so that their indexes (the ticket lock above all) exist in every test.
import '../models/order';
import '../models/ticket';

useTestDatabase();
