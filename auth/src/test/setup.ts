import { useTestDatabase } from '@ticketing/common/testing';
// Registered before the database starts, so their indexes (the unique email above all) exist in every test.
import '../models/user';
import '../models/sign-in-failure';
import '../models/sign-up-attempt';
import '../models/sign-out';

useTestDatabase();
