import { encodeRecords, parseRecords } from './journal-record';

const lines = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) =>
      `GenericSensor,line_name=L,sensor_name=S value=${from + i} ${1764000000000 + from + i}`,
  );

describe(encodeRecords.name, () => {
  it('should write a comment header that line protocol skips, then the lines', () => {
    const text = encodeRecords(['m v=1 1', 'm v=2 2'], 10, 1764000000123).toString();
    const [header, ...rest] = text.split('\n');
    expect(header).toMatch(/^# journal v1 lines=2 bytes=16 time=1764000000123 crc32=[0-9a-f]{8}$/);
    expect(rest).toEqual(['m v=1 1', 'm v=2 2', '']);
  });

  it('should split lines into records of at most the given count', () => {
    const parsed = parseRecords(encodeRecords(lines(7), 3, 1));
    expect(parsed.status).toBe('ok');
    expect(parsed.records.map((r) => r.count)).toEqual([3, 3, 1]);
    expect(parsed.records.flatMap((r) => r.lines)).toEqual(lines(7));
  });
});

describe(parseRecords.name, () => {
  const data = encodeRecords(lines(6), 2, 42);

  it('should give offsets within the segment and stop at maxLines on a record boundary', () => {
    const all = parseRecords(data, 100);
    expect(all.records[0].offset).toBe(100);
    expect(all.records[1].offset).toBe(all.records[0].end);
    expect(all.next).toBe(100 + data.length);
    const some = parseRecords(data, 0, 5);
    expect(some.records.map((r) => r.count)).toEqual([2, 2]);
    expect(some.next).toBe(some.records[1].end);
    expect(parseRecords(data, 0, 1).records).toHaveLength(1);
  });

  it('should report a record cut short, and how many bytes would complete it', () => {
    const [first, second] = parseRecords(data).records;
    const cut = parseRecords(data.subarray(0, second.end - 10));
    expect(cut.records).toHaveLength(1);
    expect(cut).toMatchObject({ status: 'short', next: first.end });
    expect(cut.need).toBe(second.end - second.offset);
    expect(parseRecords(data.subarray(0, 5))).toMatchObject({ status: 'short', records: [] });
  });

  it('should call a flipped payload byte, a bad header or garbage corrupt', () => {
    const flipped = Buffer.from(data);
    flipped[flipped.indexOf('value=1')] ^= 0x01;
    expect(parseRecords(flipped)).toMatchObject({ status: 'corrupt', reason: 'CRC mismatch' });
    const badHeader = Buffer.from(data.toString().replace('lines=2', 'lines=x'));
    expect(parseRecords(badHeader)).toMatchObject({ status: 'corrupt', records: [] });
    expect(parseRecords(Buffer.alloc(400))).toMatchObject({ status: 'corrupt', next: 0 });
  });

  it('should count lines from the header without decoding them', () => {
    const counted = parseRecords(data, 0, Infinity, false);
    expect(counted.records.map((r) => [r.count, r.lines.length])).toEqual([
      [2, 0],
      [2, 0],
      [2, 0],
    ]);
  });

  it('should keep non-ASCII tag values byte-exact', () => {
    const text = ['m,t=Linie\\ Süd\\ 機械 v=1 1'];
    expect(parseRecords(encodeRecords(text, 5, 1)).records[0].lines).toEqual(text);
  });
});
