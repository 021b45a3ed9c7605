// The demo phone: plays one requester's handset through the simulator's own API. Plain script,
// no build step. It polls the phone's thread every second and appends only what is new, so the
// live region announces each new message once.
'use strict';

const E164 = /^\+[1-9]\d{6,14}$/;
const POLL_MS = 1000;
const OTHER = 'other';

const $ = (id) => document.getElementById(id);
const requester = $('requester');
const otherField = $('other-field');
const otherNumber = $('other-number');
const otherError = $('other-error');
const company = $('company');
const messages = $('messages');
const empty = $('empty');
const connection = $('connection');
const compose = $('compose');
const body = $('body');
const send = $('send');
const status = $('status');

/** Names for the numbers of the phone book, to label messages. */
const names = new Map();
/** The thread shown: whose phone, and the sids already in the list. */
let shown = { phone: null, sids: new Set() };
let polling = null;

const phonePath = (phone) => `/sim/phones/${encodeURIComponent(phone)}`;
const labelOf = (phone) => (names.has(phone) ? `${names.get(phone)} (${phone})` : phone);

function option(value, text) {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = text;
  return element;
}

/** The phone being played, or null while the typed number is not E.164. */
function currentPhone() {
  if (requester.value !== OTHER) return requester.value;
  const typed = otherNumber.value.replace(/[\s().-]/g, '');
  return E164.test(typed) ? typed : null;
}

function showOtherError() {
  const typed = otherNumber.value.trim();
  const invalid = requester.value === OTHER && typed !== '' && currentPhone() === null;
  otherError.textContent = invalid ? 'Not a phone number in international format, such as +15551239999.' : '';
  otherNumber.setAttribute('aria-invalid', String(invalid));
}

function renderMessage(message) {
  const item = document.createElement('li');
  const sent = message.direction === 'sent';
  // As the phone sees it: what it sent goes out, what it received comes in.
  item.dataset.direction = sent ? 'outbound' : 'inbound';
  item.className = 'message';
  const meta = document.createElement('p');
  meta.className = 'meta';
  const time = new Date(message.dateCreated).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  meta.textContent = sent ? `You to ${labelOf(message.to)}, ${time}` : `${labelOf(message.from)}, ${time}`;
  const text = document.createElement('p');
  text.className = 'text';
  text.textContent = message.body;
  item.append(meta, text);
  // Pictures the simulator holds (sent from here, or fetched from an MMS's MediaUrl).
  for (const medium of message.media || []) {
    if (medium.url) {
      const image = document.createElement('img');
      image.src = medium.url;
      image.alt = 'Picture';
      image.className = 'media-image';
      item.append(image);
    } else {
      const failed = document.createElement('p');
      failed.className = 'media error';
      failed.textContent = `A picture could not be fetched (${medium.error})`;
      item.append(failed);
    }
  }
  if (message.media && message.media.length > 0) return item;
  for (const url of message.mediaUrls) {
    const link = document.createElement('a');
    link.href = url;
    link.textContent = `Attachment: ${url}`;
    link.className = 'media';
    item.append(link);
  }
  return item;
}

async function refresh() {
  const phone = currentPhone();
  if (phone !== shown.phone) {
    // Another phone: start over, quietly (aria-busy holds the announcements of the refill).
    messages.replaceChildren();
    messages.setAttribute('aria-busy', 'true');
    shown = { phone, sids: new Set() };
  }
  if (phone === null) {
    empty.hidden = false;
    return;
  }
  try {
    const response = await fetch(`${phonePath(phone)}/thread`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`the simulator answered ${response.status}`);
    const thread = await response.json();
    if (shown.phone !== phone) return; // switched while this was in flight
    for (const message of thread) {
      if (shown.sids.has(message.sid)) continue;
      shown.sids.add(message.sid);
      messages.append(renderMessage(message));
    }
    connection.textContent = '';
  } catch (error) {
    connection.textContent = `Cannot reach the simulator (${error.message}); retrying.`;
  } finally {
    messages.setAttribute('aria-busy', 'false');
    empty.hidden = shown.sids.size > 0;
  }
}

function poll() {
  clearTimeout(polling);
  void refresh().finally(() => {
    polling = setTimeout(poll, POLL_MS);
  });
}

/** A file's bytes as base64, as the simulator's API takes pictures. */
async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

function errorMessage(answer, fallback) {
  return answer && answer.error && typeof answer.error.message === 'string' ? answer.error.message : fallback;
}

async function sendMessage(event) {
  event.preventDefault();
  const phone = currentPhone();
  const text = body.value;
  const picture = $('image').files[0] || null;
  if (phone === null) {
    showOtherError();
    otherNumber.focus();
    status.textContent = 'Choose your number first.';
    return;
  }
  if (text.trim() === '' && picture === null) {
    status.textContent = 'Type a message or choose a picture first.';
    body.focus();
    return;
  }
  send.disabled = true;
  status.textContent = 'Sending…';
  try {
    const response = await fetch(`${phonePath(phone)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: company.value,
        body: text,
        ...(picture ? { images: [{ contentType: picture.type, base64: await base64Of(picture) }] } : {}),
      }),
    });
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      status.textContent = `Not sent: ${errorMessage(answer, `the simulator answered ${response.status}`)}`;
      return;
    }
    body.value = '';
    $('image').value = '';
    const accepted =
      answer.webhook.status !== null && answer.webhook.status >= 200 && answer.webhook.status < 300;
    status.textContent = accepted
      ? `Sent to ${labelOf(company.value)}.`
      : `Sent, but Threadline did not take it (${answer.webhook.status === null ? 'no answer' : `HTTP ${answer.webhook.status}`}): is sms-gateway running?`;
    poll();
  } catch (error) {
    status.textContent = `Not sent: cannot reach the simulator (${error.message}).`;
  } finally {
    send.disabled = false;
  }
}

async function start() {
  const book = await fetch('/sim/phone-book')
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  const requesters = book ? book.requesters : [];
  const companies = book ? book.companyNumbers : [];
  for (const entry of [...requesters, ...companies]) names.set(entry.phone, entry.name);
  for (const entry of requesters) requester.append(option(entry.phone, `${entry.name} (${entry.phone})`));
  requester.append(option(OTHER, 'Another number…'));
  for (const entry of companies) company.append(option(entry.phone, `${entry.name} (${entry.phone})`));
  if (companies.length === 0) company.append(option('+15550100001', 'Support (+15550100001)'));

  // ?phone=+15551230002 opens that phone, so two tabs can be two requesters.
  const asked = new URLSearchParams(location.search).get('phone');
  if (asked && E164.test(asked)) {
    if ([...requester.options].some((entry) => entry.value === asked)) requester.value = asked;
    else {
      requester.value = OTHER;
      otherNumber.value = asked;
    }
  }

  const phoneChanged = () => {
    otherField.hidden = requester.value !== OTHER;
    showOtherError();
    const phone = currentPhone();
    const url = new URL(location.href);
    if (phone) url.searchParams.set('phone', phone);
    else url.searchParams.delete('phone');
    history.replaceState(null, '', url);
    poll();
  };
  requester.addEventListener('change', () => {
    phoneChanged();
    if (requester.value === OTHER) otherNumber.focus();
  });
  otherNumber.addEventListener('input', phoneChanged);
  compose.addEventListener('submit', sendMessage);
  phoneChanged();
}

void start();
