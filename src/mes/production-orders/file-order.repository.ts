import { BeforeApplicationShutdown, Logger, OnModuleInit } from '@nestjs/common';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ConflictError, NotFoundError } from '../../common/errors/domain-errors';
import { removeTempFiles, writeFileAtomic } from '../../common/fs/atomic-file';
import { OrderFilter, OrderRepository } from './order.repository';
import { NewProductionOrder, ProductionOrder, demoOrder, isOrderStatus } from './production-order';

export interface FileOrderRepositoryOptions {
  /** `${DATA_DIR}/mes/production_orders.json`. */
  file: string;
  /** Seed a fresh store with the old server's demo order (MES_DEMO_ORDER). */
  demoOrder: boolean;
  now?: () => Date;
}

/** On-disk form; `nextId` is kept so an id is never handed out twice. */
interface StoreFile {
  version: 1;
  nextId: number;
  orders: ProductionOrder[];
}

/**
 * Production orders in one JSON file under DATA_DIR. The whole store lives in memory (orders
 * number in the thousands at most) and every mutation rewrites the file atomically, one at a time,
 * before it becomes visible: a 2xx always means the change is on disk, and a failed write leaves
 * memory and disk as they were.
 */
export class FileOrderRepository
  extends OrderRepository
  implements OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger(FileOrderRepository.name);
  private readonly orders = new Map<number, ProductionOrder>();
  private nextId = 1;
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly options: FileOrderRepositoryOptions) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  get file(): string {
    return this.options.file;
  }

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  /** Lets an in-flight write finish before the process goes away. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue;
  }

  async load(): Promise<void> {
    const { file } = this.options;
    await mkdir(dirname(file), { recursive: true });
    await removeTempFiles(this.options.file);
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.orders.clear();
    if (text === undefined) {
      this.nextId = 1;
      if (this.options.demoOrder) {
        const demo = demoOrder(this.now());
        // Written at once so the demo order keeps its id and times across restarts.
        await writeFileAtomic(file, serialise([demo], 2));
        this.orders.set(demo.id, demo);
        this.nextId = 2;
        this.logger.log(
          `Created ${file} with the demo order (MES_DEMO_ORDER=false to start empty)`,
        );
      }
    } else {
      const store = parseStore(text, file);
      for (const order of store.orders) this.orders.set(order.id, order);
      const maxId = Math.max(0, ...store.orders.map((o) => o.id));
      this.nextId = Math.max(store.nextId, maxId + 1);
    }
    this.loaded = true;
  }

  async list(filter: OrderFilter = {}): Promise<ProductionOrder[]> {
    this.assertLoaded();
    const out: ProductionOrder[] = [];
    for (const order of this.orders.values()) {
      if (filter.line !== undefined && order.lineName !== filter.line) continue;
      if (filter.status !== undefined && order.status !== filter.status) continue;
      out.push(order);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  async findById(id: number): Promise<ProductionOrder | undefined> {
    this.assertLoaded();
    return this.orders.get(id);
  }

  create(
    draft: NewProductionOrder,
    build: (id: number, draft: NewProductionOrder) => ProductionOrder,
  ): Promise<ProductionOrder> {
    return this.exclusive(async () => {
      for (const existing of this.orders.values()) {
        if (existing.orderNo === draft.orderNo) {
          throw new ConflictError(
            `A production order with orderNo ${JSON.stringify(draft.orderNo)} exists (id ${existing.id})`,
          );
        }
      }
      const order = build(this.nextId, draft);
      await this.persist([...this.orders.values(), order], this.nextId + 1);
      this.orders.set(order.id, order);
      this.nextId += 1;
      return order;
    });
  }

  update(
    id: number,
    change: (order: ProductionOrder) => ProductionOrder,
  ): Promise<ProductionOrder> {
    return this.exclusive(async () => {
      const current = this.orders.get(id);
      if (!current) throw new NotFoundError(`Production order ${id} not found`);
      const next = change(current);
      if (next === current) return current;
      const all = [...this.orders.values()].map((o) => (o.id === id ? next : o));
      await this.persist(all, this.nextId);
      this.orders.set(id, next);
      return next;
    });
  }

  /** Runs mutations one after another; a failed one does not block those behind it. */
  private exclusive<T>(step: () => Promise<T>): Promise<T> {
    this.assertLoaded();
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persist(orders: ProductionOrder[], nextId: number): Promise<void> {
    await writeFileAtomic(this.options.file, serialise(orders, nextId));
  }

  private assertLoaded(): void {
    if (!this.loaded) throw new Error(`${basename(this.options.file)} has not been loaded yet`);
  }
}

function serialise(orders: ProductionOrder[], nextId: number): string {
  const store: StoreFile = { version: 1, nextId, orders: [...orders].sort((a, b) => a.id - b.id) };
  return `${JSON.stringify(store, null, 2)}\n`;
}

/**
 * A damaged store stops the start with a message naming the file: starting empty would hide every
 * order from the MES and the next write would overwrite what could still be repaired by hand.
 */
function parseStore(text: string, file: string): StoreFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); repair or remove it`);
  }
  const store = raw as Partial<StoreFile> | null;
  if (!store || !Array.isArray(store.orders)) {
    throw new Error(`${file} has no "orders" array; repair or remove it`);
  }
  store.orders.forEach((order, i) => {
    const ok =
      order !== null &&
      typeof order === 'object' &&
      Number.isSafeInteger(order.id) &&
      order.id > 0 &&
      typeof order.orderNo === 'string' &&
      isOrderStatus(order.status);
    if (!ok) throw new Error(`${file}: orders[${i}] is not a valid production order`);
  });
  const nextId = Number.isSafeInteger(store.nextId) ? (store.nextId as number) : 1;
  return { version: 1, nextId, orders: store.orders };
}
