/**
 * Updates with a validator: `addItem` is validated before it is accepted (a rejected update
 * leaves no trace in history), then its handler reserves stock with an activity and returns the
 * new total. `checkout` is a signal; `cart` a query.
 */
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '../../sdk/index.ts';
import type * as activities from './activities.ts';

export interface CartLine {
  sku: string;
  quantity: number;
  priceCents: number;
}

export const addItem = defineUpdate<number, [line: CartLine]>('addItem');
export const checkout = defineSignal('checkout');
export const cart = defineQuery<CartLine[]>('cart');

const { reserveStock, chargeCart } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
});

export async function shoppingCart(cartId: string): Promise<string> {
  const lines: CartLine[] = [];
  let checkedOut = false;
  const total = () => lines.reduce((sum, l) => sum + l.quantity * l.priceCents, 0);

  setHandler(cart, () => lines);
  setHandler(checkout, () => {
    checkedOut = true;
  });
  setHandler(
    addItem,
    async (line) => {
      if (!(await reserveStock(line.sku, line.quantity))) {
        throw ApplicationFailure.nonRetryable(`${line.sku} is out of stock`, 'OutOfStock');
      }
      lines.push(line);
      return total();
    },
    {
      validator: (line) => {
        if (checkedOut) throw new Error('The cart is checked out');
        if (!Number.isInteger(line.quantity) || line.quantity <= 0)
          throw new RangeError(`Quantity must be a positive integer, got ${line.quantity}`);
      },
    },
  );

  await condition(() => checkedOut && lines.length > 0);
  return chargeCart(cartId, total());
}
