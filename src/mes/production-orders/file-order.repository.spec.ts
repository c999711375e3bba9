import { Logger } from '@nestjs/common';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from '../../common/errors/domain-errors';
import * as atomicFile from '../../common/fs/atomic-file';
import { FileOrderRepository } from './file-order.repository';
import { NewProductionOrder, createOrder, transitionOrder } from './production-order';

const T0 = new Date('2025-03-01T06:00:00.000Z');
const draft = (orderNo: string, lineName = 'line1'): NewProductionOrder => ({
  orderNo,
  productKey: '900.000.002',
  lineName,
  quantity: 10,
});
const build = (id: number, d: NewProductionOrder) => createOrder(id, d, T0);

describe(FileOrderRepository.name, () => {
  let dir: string;
  let file: string;

  async function open(demoOrder = true): Promise<FileOrderRepository> {
    const repo = new FileOrderRepository({ file, demoOrder, now: () => T0 });
    await repo.load();
    return repo;
  }
  const stored = () =>
    JSON.parse(readFileSync(file, 'utf8')) as { nextId: number; orders: unknown[] };

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'orders-'));
    file = join(dir, 'mes', 'production_orders.json');
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should seed a fresh store with the demo order and write it at once', async () => {
    const repo = await open();
    expect(await repo.list()).toEqual([
      expect.objectContaining({
        id: 1,
        orderNo: '100',
        status: 'in_progress',
        startedAt: T0.toISOString(),
      }),
    ]);
    expect(stored()).toMatchObject({ version: 1, nextId: 2, orders: [{ id: 1, orderNo: '100' }] });
  });

  it('should start empty without writing when the demo order is off', async () => {
    const repo = await open(false);
    expect(await repo.list()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect((await repo.create(draft('A'), build)).id).toBe(1);
  });

  it('should not bring the demo order back into an existing store', async () => {
    const repo = await open();
    await repo.update(1, (o) => transitionOrder(o, 'aborted', T0));
    const reopened = await open(true);
    expect(await reopened.list()).toEqual([expect.objectContaining({ id: 1, status: 'aborted' })]);
  });

  it('should persist creates and updates across a reload, with ids continuing', async () => {
    const repo = await open();
    const a = await repo.create(draft('A', 'line2'), build);
    await repo.update(a.id, (o) => transitionOrder(o, 'released', T0));
    const reopened = await open();
    expect(await reopened.findById(2)).toMatchObject({
      orderNo: 'A',
      lineName: 'line2',
      status: 'released',
    });
    expect((await reopened.create(draft('B'), build)).id).toBe(3);
  });

  it('should never reuse an id recorded in nextId', async () => {
    mkdirSync(join(dir, 'mes'));
    writeFileSync(file, JSON.stringify({ version: 1, nextId: 10, orders: [] }));
    expect((await (await open()).create(draft('A'), build)).id).toBe(10);
  });

  it('should filter by line and status, by ascending id', async () => {
    const repo = await open();
    await repo.create(draft('A', 'line2'), build);
    await repo.create(draft('B', 'line1'), build);
    expect((await repo.list({ line: 'line1' })).map((o) => o.id)).toEqual([1, 3]);
    expect((await repo.list({ status: 'planned' })).map((o) => o.id)).toEqual([2, 3]);
    expect((await repo.list({ line: 'line1', status: 'planned' })).map((o) => o.id)).toEqual([3]);
    expect(await repo.list({ line: 'nope' })).toEqual([]);
  });

  it('should refuse a duplicate orderNo, also when two creates race', async () => {
    const repo = await open();
    await expect(repo.create(draft('100'), build)).rejects.toBeInstanceOf(ConflictError);
    const results = await Promise.allSettled([
      repo.create(draft('X'), build),
      repo.create(draft('X'), build),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(stored().orders).toHaveLength(2);
  });

  it('should serialise concurrent writes so every one lands with its own id', async () => {
    const repo = await open();
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => repo.create(draft(`N${i}`), build)),
    );
    expect(created.map((o) => o.id).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
    expect(stored()).toMatchObject({ nextId: 22 });
    expect(stored().orders).toHaveLength(21);
    expect(readdirSync(join(dir, 'mes'))).toEqual(['production_orders.json']);
  });

  it('should not write when an update leaves the order unchanged', async () => {
    const repo = await open();
    const spy = jest.spyOn(atomicFile, 'writeFileAtomic');
    const same = await repo.update(1, (o) => transitionOrder(o, 'in_progress', T0));
    expect(same.status).toBe('in_progress');
    expect(spy).not.toHaveBeenCalled();
  });

  it('should report an unknown id and pass on what the change throws', async () => {
    const repo = await open();
    await expect(repo.update(99, (o) => o)).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.update(1, (o) => transitionOrder(o, 'planned', T0))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await repo.findById(1))?.status).toBe('in_progress');
  });

  it('should keep memory as on disk when a write fails, and go on with the next one', async () => {
    const repo = await open();
    jest.spyOn(atomicFile, 'writeFileAtomic').mockRejectedValueOnce(new Error('ENOSPC'));
    await expect(repo.create(draft('A'), build)).rejects.toThrow('ENOSPC');
    expect(await repo.list()).toHaveLength(1);
    const b = await repo.create(draft('A'), build);
    expect(b.id).toBe(2);
    expect(stored().orders).toHaveLength(2);
  });

  it('should refuse to start on a damaged file and leave it as it is', async () => {
    mkdirSync(join(dir, 'mes'));
    writeFileSync(file, '{"orders": [');
    await expect(open()).rejects.toThrow(/not valid JSON/);
    writeFileSync(file, JSON.stringify({ orders: [{ id: 'x' }] }));
    await expect(open()).rejects.toThrow(/orders\[0\]/);
    expect(readFileSync(file, 'utf8')).toContain('"x"');
  });

  it('should remove temp files a crash left behind and keep the last complete state', async () => {
    await (await open()).create(draft('A'), build);
    const leftover = join(dir, 'mes', `${atomicFile.tempPrefix(file)}dead.tmp`);
    writeFileSync(leftover, '{"half');
    const reopened = await open();
    expect(existsSync(leftover)).toBe(false);
    expect(await reopened.list()).toHaveLength(2);
  });

  it('should refuse use before load', async () => {
    const repo = new FileOrderRepository({ file, demoOrder: true });
    await expect(repo.list()).rejects.toThrow(/not been loaded/);
  });
});
