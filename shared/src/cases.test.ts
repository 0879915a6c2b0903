import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './cases.ts';

describe('masking personal data', () => {
  it('keeps the first three and last four digits of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0371-6512 3456')).toBe('037*****3456');
    expect(maskPhone('12345')).toBe('*****');
  });
  it('keeps only the family name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });
});
