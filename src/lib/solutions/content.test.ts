import { describe, expect, it } from 'vitest';
import { contentForm, linesOf, tagsAsLines } from './content.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  const all: Record<string, string> = {
    solutionId: '00000000-0000-4000-8000-000000000001',
    version: '3',
    title: 'Borgerdesign',
    summary: 'Et resumé.',
    ...fields,
  };
  for (const [name, value] of Object.entries(all)) data.set(name, value);
  return data;
};

const issues = (result: ReturnType<typeof contentForm.safeParse>) =>
  result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.at(-1), issue.message]));

describe("the organisers' content form", () => {
  it('reads tags one per line, drops blank lines and repeats, and lines up the English names', () => {
    const parsed = contentForm.parse(
      form({ themeTags: ' sundhed \r\n\r\nnærhed\nsundhed\n', themeTagsEn: 'health\n\n', linkUrl: '' }),
    );
    expect(parsed.themeTags).toEqual(['sundhed', 'nærhed']);
    expect(parsed.themeTagsEn).toEqual(['health', null]);
    expect(parsed.linkUrl).toBeNull();
    expect(parsed.version).toBe(3);
    expect(parsed.titleEn).toBeNull();
  });

  it('has no English names when none is given', () => {
    expect(contentForm.parse(form({ themeTags: 'a\nb', themeTagsEn: '\n\n' })).themeTagsEn).toBeNull();
  });

  it('words each refusal at its field', () => {
    expect(
      issues(
        contentForm.safeParse(
          form({
            title: '',
            themeTags: Array.from({ length: 13 }, (_, i) => `t${i}`).join('\n'),
            linkUrl: 'javascript:alert(1)',
          }),
        ),
      ),
    ).toMatchObject({
      title: 'solutions.field.titleRequired',
      themeTags: 'solutionContent.tags.tooMany',
      linkUrl: 'solutions.field.linkInvalid',
    });
    expect(issues(contentForm.safeParse(form({ themeTags: 'x'.repeat(61) })))).toMatchObject({
      themeTags: 'solutionContent.tags.tooLong',
    });
    expect(issues(contentForm.safeParse(form({ themeTags: 'a', themeTagsEn: 'a\nb' })))).toMatchObject({
      themeTagsEn: 'solutionContent.tags.moreEnglish',
    });
    expect(issues(contentForm.safeParse(form({ version: 'x' })))).toHaveProperty('version');
  });

  it('shows stored tags as lines and trims trailing empty English names', () => {
    expect(tagsAsLines(['a', 'b', 'c'], ['A', null, null])).toEqual(['a\nb\nc', 'A']);
    expect(tagsAsLines(['a', 'b'], null)).toEqual(['a\nb', '']);
    expect(linesOf('a\n\nb\n\n')).toEqual(['a', '', 'b']);
  });
});
