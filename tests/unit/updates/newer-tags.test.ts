import { describe, expect, it } from 'vitest';
import { newerTagsOfSameShape } from '../../../main/core/updates/newer-tags';

const tags = ['latest', '1.25', '1.25.3', '1.25.3-alpine', '1.25.4-alpine', '1.26-alpine', '1.27.0-alpine', '1.27.1-alpine', '1.27.2-alpine', '1.27.2-alpine-slim', '1.24.9-alpine', '1.27', '1.26', 'v1.30', '2.0.0-alpine', 'alpine'];

describe('newerTagsOfSameShape', () => {
  it('lists only newer tags with as many numbers and the same suffix, newest first, at most three', () => {
    expect(newerTagsOfSameShape('1.25.3-alpine', tags)).toEqual(['2.0.0-alpine', '1.27.2-alpine', '1.27.1-alpine']);
  });

  it('keeps a two-number tag to two-number tags', () => {
    expect(newerTagsOfSameShape('1.25', tags)).toEqual(['1.27', '1.26']);
  });

  it('keeps the v prefix as part of the shape', () => {
    expect(newerTagsOfSameShape('v1.29', tags)).toEqual(['v1.30']);
    expect(newerTagsOfSameShape('1.29', tags)).toEqual([]);
  });

  it('says nothing for a tag that is not a version', () => {
    expect(newerTagsOfSameShape('latest', tags)).toEqual([]);
    expect(newerTagsOfSameShape('alpine', tags)).toEqual([]);
  });

  it('has nothing newer for the newest', () => {
    expect(newerTagsOfSameShape('2.0.0-alpine', tags)).toEqual([]);
  });
});
