import mongoose, { Schema, type mongo } from 'mongoose';
import type { WriteConcernSetting } from '../config';
import { startTestDatabase, type TestDatabase } from '../testing/database';
import { outboxEvent, outboxPlugin, type PendingEvent } from '../outbox/outbox';
import { connectDatabase, disconnectDatabase } from './connect';
import { changeVersioned } from './versioned';

interface Ticket {
  _id: mongoose.Types.ObjectId;
  title: string;
  version: number;
  pendingEvents: PendingEvent[];
}
const ticketSchema = new Schema<Ticket>({ title: String, version: Number });
ticketSchema.plugin(outboxPlugin);
const Ticket = mongoose.model<Ticket>('WriteConcernTicket', ticketSchema);

const updated = (ticket: Ticket, version: number) =>
  outboxEvent('ticket:updated', {
    id: ticket._id.toHexString(),
    version,
    title: ticket.title,
    price: 1000,
    userId: new mongoose.Types.ObjectId().toHexString(),
  });

let db: TestDatabase;
/** The write commands the driver sent, with the write concern each carried. */
let sent: { name: string; writeConcern: unknown; carriesEvents: boolean }[];

/** Connects the way a service does (connectDatabase), with the driver's command monitor on. */
async function connectAsAService(writeConcern: WriteConcernSetting | undefined): Promise<void> {
  await disconnectDatabase();
  const url = new URL(db.uri);
  url.searchParams.set('monitorCommands', 'true');
  await connectDatabase(url.toString(), writeConcern ? { writeConcern, attempts: 1 } : { attempts: 1 });
  sent = [];
  mongoose.connection.getClient().on('commandStarted', (event: mongo.CommandStartedEvent) => {
    if (!['insert', 'update', 'findAndModify', 'delete'].includes(event.commandName)) return;
    sent.push({
      name: event.commandName,
      writeConcern: event.command.writeConcern,
      carriesEvents: JSON.stringify(event.command).includes('pendingEvents'),
    });
  });
}

/** An aggregate created with its first event, then changed with a second: the outbox's two kinds of write. */
async function writeWithEvents(): Promise<void> {
  const ticket = new Ticket({ title: 'Concert', version: 1 });
  ticket.pendingEvents = [updated(ticket, 1)];
  await ticket.save();
  await changeVersioned(Ticket, ticket._id, (current, nextVersion) => ({
    result: undefined,
    set: { title: 'Concert, moved' },
    events: current ? [updated(current, nextVersion)] : [],
  }));
}

beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(() => db.stop());

describe('the write concern of the database connection', () => {
  it('when a service connects by default, then every write carrying events asks for a journaled majority', async () => {
    await connectAsAService(undefined);
    await writeWithEvents();
    const withEvents = sent.filter((command) => command.carriesEvents);
    expect(withEvents.map((command) => command.name)).toEqual(['insert', 'update']);
    for (const command of withEvents) {
      expect(command.writeConcern).toEqual({ w: 'majority', j: true, wtimeout: 5_000 });
    }
  });

  it('when MONGO_WRITE_CONCERN is 1, then the writes ask for the primary alone', async () => {
    await connectAsAService('1');
    await writeWithEvents();
    const withEvents = sent.filter((command) => command.carriesEvents);
    expect(withEvents).toHaveLength(2);
    for (const command of withEvents) expect(command.writeConcern).toEqual({ w: 1 });
  });
});
