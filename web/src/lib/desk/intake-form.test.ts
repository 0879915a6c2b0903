import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CaseDto, CreateCaseBody } from '@civic/shared';
import { caseDto } from '../../test/fixtures.ts';
import type { CategorySuggestion, GeocodeAnswer } from './desk-api.ts';
import { IntakeForm, normalizePhone } from './intake-form.svelte.ts';

const CROSSING = { lng: 113.63, lat: 34.83 };
const ANSWERS: Record<string, GeocodeAnswer> = {
  天河路与英才街交叉口东北角: {
    threshold: 0.6,
    results: [
      {
        label: '天河路 × 英才街 东北角',
        level: 'intersection',
        confidence: 0.98,
        point: CROSSING,
        source: 'gazetteer',
      },
      { label: '天河路', level: 'road', confidence: 0.9, point: { lng: 113.62, lat: 34.83 }, source: 'gazetteer' },
    ],
  },
  天河小区门口: {
    threshold: 0.6,
    results: [{ label: '天河路', level: 'road', confidence: 0.53, point: CROSSING, source: 'gazetteer' }],
  },
};
const SUGGESTIONS: CategorySuggestion[] = [
  { code: '0201', name: '占道经营', confidence: 0.8, matched: ['摆摊'] },
  { code: '0102', name: '乱堆乱放', confidence: 0.2, matched: ['堆放'] },
];

const fileCase = vi.fn<(body: CreateCaseBody) => Promise<CaseDto>>();
let form: IntakeForm;

beforeEach(() => {
  vi.useFakeTimers();
  form = new IntakeForm({
    geocode: async (q) => ANSWERS[q] ?? { threshold: 0.6, results: [] },
    suggestCategories: async (text) => (text.includes('摆摊') ? SUGGESTIONS : []),
    fileCase,
  });
});

afterEach(() => {
  form.dispose();
  fileCase.mockReset();
  vi.useRealTimers();
});

async function typeAddress(text: string): Promise<void> {
  form.typeAddress(text);
  await vi.advanceTimersByTimeAsync(150);
}

async function typeDescription(text: string): Promise<void> {
  form.typeDescription(text);
  await vi.advanceTimersByTimeAsync(300);
}

describe('the pin', () => {
  test('choosing a suggestion puts the pin there', async () => {
    await typeAddress('天河路与英才街交叉口东北角');
    form.chooseSuggestion();
    expect(form.pin).toMatchObject({ point: CROSSING, origin: 'geocoder' });
    expect(form.pinState).toBe('sure');
  });

  test('below the threshold it asks to be confirmed; Alt+C confirms', async () => {
    await typeAddress('天河小区门口');
    form.chooseSuggestion(0);
    expect(form.pinState).toBe('unsure');
    expect(form.confirmPin()).toBe(true);
    expect(form.pinState).toBe('confirmed');
    // Nothing left to confirm.
    expect(form.confirmPin()).toBe(false);
  });

  test("editing the address drops a suggestion's pin but keeps one placed by hand", async () => {
    await typeAddress('天河路与英才街交叉口东北角');
    form.chooseSuggestion();
    form.typeAddress('天河路与英才街交叉口东北角50米');
    expect(form.pin).toBeNull();

    form.movePin({ lng: 113.631, lat: 34.831 });
    form.typeAddress('天河路与英才街交叉口东北角100米');
    expect(form.pin).toMatchObject({ origin: 'manual', point: { lng: 113.631, lat: 34.831 } });
  });
});

describe('what is filed', () => {
  test("the geocoder's sure best answer: the address only, for the server to place from the gazetteer", async () => {
    await typeAddress('天河路与英才街交叉口东北角');
    form.chooseSuggestion();
    expect(form.body()).toEqual({ channel: 'hotline', description: '', address: '天河路与英才街交叉口东北角' });
  });

  test('a lower suggestion chosen on purpose: its point', async () => {
    await typeAddress('天河路与英才街交叉口东北角');
    form.address.move(1);
    form.address.move(1);
    form.chooseSuggestion();
    expect(form.body()).toMatchObject({ address: '天河路与英才街交叉口东北角', location: { lng: 113.62, lat: 34.83 } });
  });

  test('a doubtful pin unconfirmed: the address only (it will need placing); confirmed: the point', async () => {
    await typeAddress('天河小区门口');
    form.chooseSuggestion();
    expect(form.body()).not.toHaveProperty('location');
    form.confirmPin();
    expect(form.body()).toMatchObject({ address: '天河小区门口', location: CROSSING });
  });

  test('a pin moved by hand: its point with the typed address', async () => {
    await typeAddress('天河小区门口');
    form.chooseSuggestion();
    form.movePin({ lng: 113.64, lat: 34.84 });
    expect(form.body()).toMatchObject({ address: '天河小区门口', location: { lng: 113.64, lat: 34.84 } });
  });

  test('everything typed, trimmed; the phone in ASCII; empty optional fields left out', async () => {
    form.channel = 'letter_visit';
    form.name = ' 张三 ';
    form.typePhone('１３８ ０００１ ２３４５');
    await typeDescription(' 有人摆摊 ');
    form.acceptSuggestion();
    form.priority = 2;
    await typeAddress('城北小巷');
    expect(form.body()).toEqual({
      channel: 'letter_visit',
      description: '有人摆摊',
      categoryCode: '0201',
      address: '城北小巷',
      priority: 2,
      complainantName: '张三',
      complainantPhone: '138 0001 2345',
    });
    form.name = '';
    form.typePhone('');
    form.pickCategory('');
    form.priority = null;
    expect(form.body()).toEqual({ channel: 'letter_visit', description: '有人摆摊', address: '城北小巷' });
  });
});

describe('category suggestions', () => {
  test('come from the description; a chip (or Alt+A, the first) takes one, nothing is taken unasked', async () => {
    await typeDescription('路口有人摆摊');
    expect(form.suggestions.map((s) => s.code)).toEqual(['0201', '0102']);
    expect(form.categoryCode).toBe('');
    expect(form.acceptSuggestion('0102')?.code).toBe('0102');
    expect(form).toMatchObject({ categoryCode: '0102', acceptedSuggestion: '0102' });
    form.acceptSuggestion();
    expect(form.categoryCode).toBe('0201');
    form.pickCategory('0301');
    expect(form).toMatchObject({ categoryCode: '0301', acceptedSuggestion: null });
  });
});

describe('filing', () => {
  test('a description and a place are needed, and a phone must look like one', async () => {
    form.typePhone('abc');
    expect(await form.file()).toBeNull();
    expect(form.problems).toEqual(['description', 'place', 'phone']);
    expect(fileCase).not.toHaveBeenCalled();

    // Each problem goes as its field is put right.
    form.typeDescription('占道');
    expect(form.problems).toEqual(['place', 'phone']);
    form.movePin(CROSSING);
    form.typePhone('13800012345');
    expect(form.problems).toEqual([]);
  });

  test('on success the form clears but keeps the channel, and the receipt shows the case', async () => {
    const filed = caseDto({ id: 42, caseNo: 'HJ20250501000042' });
    fileCase.mockResolvedValue(filed);
    form.channel = 'web';
    form.name = '李四';
    await typeDescription('有人摆摊');
    form.acceptSuggestion();
    await typeAddress('天河路与英才街交叉口东北角');
    form.chooseSuggestion();

    expect(await form.file()).toBe(filed);

    expect(fileCase).toHaveBeenCalledWith({
      channel: 'web',
      description: '有人摆摊',
      categoryCode: '0201',
      address: '天河路与英才街交叉口东北角',
      complainantName: '李四',
    });
    expect(form).toMatchObject({
      channel: 'web',
      name: '',
      description: '',
      categoryCode: '',
      pin: null,
      filed,
      filing: false,
    });
    expect(form.address.text).toBe('');
    expect(form.suggestions).toEqual([]);
  });

  test('a failure keeps everything typed, to try again', async () => {
    fileCase.mockRejectedValue(new Error('server down'));
    await typeDescription('有人摆摊');
    await typeAddress('城北小巷');

    expect(await form.file()).toBeNull();

    expect(form.failure).toBeInstanceOf(Error);
    expect(form.description).toBe('有人摆摊');
    expect(form.address.text).toBe('城北小巷');
  });
});

test('phones typed through an IME come out in ASCII', () => {
  expect(normalizePhone('＋８６ １３８－０００１')).toBe('+86 138-0001');
  expect(normalizePhone('  0371-12345 ')).toBe('0371-12345');
});
