import { encodeMessageBody, type MessageType, type WhatsAppMessage } from '../../shared/messages';
import { intBetween, pick, seededRandom, weighted, type Random } from './random';

/**
 * A deterministic WhatsApp history for the simulator: contacts, and incoming and outgoing
 * messages of every type spread over months. The same seed and sizes give the same data.
 */

export interface SimContact {
  name: string;
  number: string;
  optedIn: boolean;
  capable: boolean;
  blacklist: boolean;
}

export interface SimIncoming {
  id: string;
  from: string;
  to: string;
  message: string;
  createdAt: number;
}

export interface SimOutgoing {
  id: string;
  recipient: string;
  origin: string;
  message: string;
  createdAt: number;
  /** Where the message ends up and when each step happens (ms after createdAt). */
  plan: StatusPlan;
  /** Set through the control route; wins over the plan. */
  override?: { status: string; state: string };
}

export interface StatusPlan {
  final: 'delivered' | 'read' | 'failed';
  deliveredAfterMs: number;
  readAfterMs: number;
  failedAfterMs: number;
}

export interface Dataset {
  ourNumbers: string[];
  contacts: SimContact[];
  incoming: SimIncoming[];
  outgoing: SimOutgoing[];
}

export interface DatasetOptions {
  seed: number;
  /** Messages per direction; `messages` splits a total 45/55 between them. */
  incoming?: number;
  outgoing?: number;
  messages?: number;
  contacts?: number;
  /** How far back the history reaches. */
  months?: number;
  now: number;
}

const FIRST = ['Olivia', 'Liam', 'Amelia', 'Noah', 'Isla', 'Jack', 'Mia', 'William', 'Ava', 'Oliver', 'Grace', 'Lucas', 'Chloe', 'Henry', 'Zoe', 'Leo', 'Ruby', 'Thomas', 'Sophie', 'James', 'Priya', 'Wei', 'Aroha', 'Mateo', 'Fatima', 'Hiroshi', 'Ana', 'Kai', 'Nina', 'Omar'];
const LAST = ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Martin', 'Anderson', 'Thompson', 'White', 'Walker', 'Harris', 'Lee', 'Ryan', 'Chen', 'Kelly', 'King', 'Patel', 'Singh', 'Clarke', 'Rossi', 'Tanaka', 'Ngata', 'Garcia'];

const CUSTOMER_TEXTS = [
  'Hi, is my order {order} ready for pickup?',
  'Thanks so much, see you tomorrow!',
  'Can I move my booking to Friday afternoon?',
  'What time do you open on Saturday?',
  'The parcel arrived damaged, what should I do?',
  'Do you have the blue one in size 10?',
  'Yes please, confirm the appointment.',
  'Could you send me the invoice again?',
  'Running 10 minutes late, sorry!',
  'Is there parking near the shop?',
  'Perfect, thank you 🙏',
  'STOP',
  'How much is delivery to Newcastle?',
  'I paid by bank transfer this morning, reference {order}.',
  'Great service as always 👍',
];

const BUSINESS_TEXTS = [
  'Hi {first}, your order {order} is ready for pickup.',
  'Thanks {first}! Your booking is confirmed for {day} at {time}.',
  'We open at 9am on Saturdays and close at 4pm.',
  'Sorry to hear that — please send a photo of the damage and we will replace it.',
  'Yes, we have it in stock. Shall we hold one for you?',
  'Here is your invoice for order {order}.',
  'No worries, see you soon!',
  'Delivery to Newcastle is $12.50 and takes 2 business days.',
  'Payment received for {order}, thank you.',
  'Reminder: your appointment is tomorrow at {time}.',
];

const TEMPLATES: { name: string; params: number }[] = [
  { name: 'order_ready', params: 2 },
  { name: 'appointment_reminder', params: 3 },
  { name: 'payment_received', params: 2 },
  { name: 'welcome_message', params: 0 },
  { name: 'delivery_update', params: 2 },
];

const PLACES = [
  { name: 'Harbour Street Store', address: '12 Harbour St, Sydney NSW 2000', lat: -33.8688, lng: 151.2093 },
  { name: 'Fitzroy Workshop', address: '88 Brunswick St, Fitzroy VIC 3065', lat: -37.7983, lng: 144.9784 },
  { name: 'Auckland Depot', address: '5 Quay St, Auckland 1010', lat: -36.8442, lng: 174.7676 },
  { name: 'Brisbane Pickup Point', address: '200 Queen St, Brisbane QLD 4000', lat: -27.4689, lng: 153.0235 },
];

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TIMES = ['9:00am', '10:30am', '12:15pm', '2:00pm', '3:45pm', '5:30pm'];

function fill(random: Random, text: string, contact: SimContact): string {
  return text
    .replace('{first}', contact.name.split(' ')[0] ?? '')
    .replace('{order}', `#${intBetween(random, 10000, 99999)}`)
    .replace('{day}', pick(random, DAYS))
    .replace('{time}', pick(random, TIMES));
}

function contactNumber(random: Random, index: number): string {
  const country = weighted(random, [
    ['AU', 80],
    ['NZ', 12],
    ['GB', 8],
  ] as const);
  const serial = String(index).padStart(6, '0');
  if (country === 'AU') return `614${intBetween(random, 10, 99)}${serial}`;
  if (country === 'NZ') return `6421${intBetween(random, 0, 9)}${serial}`;
  return `4477009${serial}`;
}

function mediaMessage(random: Random, type: Exclude<MessageType, 'text' | 'template' | 'location'>, serial: number): WhatsAppMessage {
  const base = `https://media.example.com/${type}/${serial}`;
  switch (type) {
    case 'image':
      return { type, url: `${base}.jpg`, caption: pick(random, ['Here is the photo', 'Front view', 'Receipt', 'New arrivals this week']) };
    case 'video':
      return { type, url: `${base}.mp4`, caption: pick(random, ['Unboxing video', 'How to assemble', 'Store tour']) };
    case 'document':
      return { type, url: `${base}.pdf`, filename: `invoice-${serial}.pdf`, caption: pick(random, ['Invoice', 'Quote', 'Warranty card']) };
    case 'audio':
      return { type, url: `${base}.ogg` };
    case 'sticker':
      return { type, url: `${base}.webp` };
  }
}

export { encodeMessageBody };

function messageFor(random: Random, direction: 'in' | 'out', contact: SimContact, serial: number): WhatsAppMessage {
  const type = weighted<MessageType>(
    random,
    direction === 'in'
      ? [
          ['text', 78],
          ['image', 8],
          ['document', 3],
          ['location', 3],
          ['video', 2],
          ['audio', 4],
          ['sticker', 2],
        ]
      : [
          ['text', 62],
          ['template', 16],
          ['image', 7],
          ['document', 6],
          ['location', 3],
          ['video', 2],
          ['audio', 2],
          ['sticker', 2],
        ],
  );
  if (type === 'text') return { type, text: fill(random, pick(random, direction === 'in' ? CUSTOMER_TEXTS : BUSINESS_TEXTS), contact) };
  if (type === 'template') {
    const template = pick(random, TEMPLATES);
    const params = [contact.name.split(' ')[0] ?? 'there', `#${intBetween(random, 10000, 99999)}`, pick(random, TIMES)].slice(0, template.params);
    return params.length > 0 ? { type, template_name: template.name, params } : { type, template_name: template.name };
  }
  if (type === 'location') {
    const place = pick(random, PLACES);
    return { type, lat: place.lat, lng: place.lng, name: place.name, address: place.address };
  }
  return mediaMessage(random, type, serial);
}

export function statusPlan(random: Random, failRate = 0.04, readRate = 0.6): StatusPlan {
  const roll = random();
  return {
    final: roll < failRate ? 'failed' : roll < failRate + readRate ? 'read' : 'delivered',
    deliveredAfterMs: intBetween(random, 1_000, 4_000),
    readAfterMs: intBetween(random, 5_000, 30_000),
    failedAfterMs: intBetween(random, 1_000, 6_000),
  };
}

/** Ids in the range SMSGlobal uses: above 2^53, where a double can no longer tell neighbours apart. */
export const FIRST_ID = 9_007_199_254_740_993n;

export function generateDataset(options: DatasetOptions): Dataset {
  const random = seededRandom(options.seed);
  const total = options.messages ?? 2_000;
  const incomingCount = options.incoming ?? Math.round(total * 0.45);
  const outgoingCount = options.outgoing ?? total - Math.round(total * 0.45);
  const contactCount = options.contacts ?? Math.max(12, Math.min(50_000, Math.round((incomingCount + outgoingCount) / 20)));
  const span = (options.months ?? 18) * 30 * 86_400_000;
  const ourNumbers = ['61480000001', '61480000002'];

  const contacts: SimContact[] = [];
  const used = new Set<string>();
  for (let i = 0; i < contactCount; i++) {
    let number = contactNumber(random, i);
    while (used.has(number)) number = contactNumber(random, i + contactCount);
    used.add(number);
    const optedIn = random() < 0.85;
    contacts.push({ name: `${pick(random, FIRST)} ${pick(random, LAST)}`, number, optedIn, capable: random() < 0.93, blacklist: random() < 0.02 });
  }

  // A few contacts talk a lot, most a little (a rough Zipf): pick by the square of a uniform.
  const contactAt = (): SimContact => contacts[Math.floor(random() ** 2 * contacts.length)] as SimContact;

  const events: { direction: 'in' | 'out'; at: number; contact: SimContact }[] = [];
  for (let i = 0; i < incomingCount; i++) events.push({ direction: 'in', at: options.now - Math.floor(random() * span), contact: contactAt() });
  for (let i = 0; i < outgoingCount; i++) events.push({ direction: 'out', at: options.now - Math.floor(random() * span), contact: contactAt() });
  // Whole seconds, like the API's dates; ids grow with time.
  for (const event of events) event.at = Math.floor(event.at / 1000) * 1000 - 60_000;
  events.sort((a, b) => a.at - b.at);

  const incoming: SimIncoming[] = [];
  const outgoing: SimOutgoing[] = [];
  let id = FIRST_ID;
  let serial = 0;
  for (const event of events) {
    serial++;
    const message = encodeMessageBody(messageFor(random, event.direction, event.contact, serial));
    const our = ourNumbers[event.contact.number.charCodeAt(event.contact.number.length - 1) % 2] as string;
    if (event.direction === 'in') {
      incoming.push({ id: String(id), from: event.contact.number, to: our, message, createdAt: event.at });
    } else {
      outgoing.push({ id: String(id), recipient: event.contact.number, origin: our, message, createdAt: event.at, plan: statusPlan(random) });
    }
    id += 1n;
  }
  return { ourNumbers, contacts, incoming, outgoing };
}
