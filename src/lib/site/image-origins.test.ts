import { describe, expect, it } from 'vitest';
import { imageSourceDirective } from './image-origins.ts';

describe('imageSourceDirective', () => {
  it('names each other https origin once, and nothing for our own paths', () => {
    expect(imageSourceDirective(['/api/storage/events/a.webp', null, undefined])).toBeNull();
    expect(
      imageSourceDirective([
        'https://abc.supabase.co/storage/v1/object/sign/x.webp?token=1',
        'https://abc.supabase.co/storage/v1/object/sign/y.webp?token=2',
        'https://foto.example.org/a.jpg',
        'http://plain.example.org/b.jpg',
      ]),
    ).toBe("img-src 'self' data: https://abc.supabase.co https://foto.example.org");
  });
});
