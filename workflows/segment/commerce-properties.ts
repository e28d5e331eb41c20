import { MAX_ORDER_PRODUCTS } from '../contracts/customer.ts';
import { type MappedProperties, own } from './profile-traits.ts';

/** An id as stores send it: text, or a number some send for numeric ids. */
const idText = (value: unknown): unknown => (typeof value === 'number' ? String(value) : value);

/** Money to the cent, so a price times a quantity does not carry float noise into revenue. */
const cents = (amount: number) => Math.round(amount * 100) / 100;

/**
 * add_to_cart from the e-commerce spec's Product Added: the cart's worth is `value` when the
 * sender gives one, else price × quantity (1 when absent); sku and category as they are.
 */
export function cartProperties(source: Readonly<Record<string, unknown>>): MappedProperties {
  const properties: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const value = own(source, 'value');
  const price = own(source, 'price');
  const quantity = own(source, 'quantity') ?? 1;
  if (typeof value === 'number') {
    properties.cartValue = value;
    sources['properties.cartValue'] = 'properties.value';
  } else if (typeof price === 'number' && typeof quantity === 'number') {
    properties.cartValue = cents(price * quantity);
    sources['properties.cartValue'] = 'properties.price';
  } else
    return {
      properties,
      sources,
      problems: [
        {
          path: 'properties.price',
          message:
            "is required: expected the product's price as a number (times quantity), or properties.value, the worth of what was added",
        },
      ],
    };
  for (const [from, to] of [
    ['sku', 'sku'],
    ['category', 'category'],
  ] as const) {
    const field = own(source, from);
    if (field === undefined || field === null) continue;
    properties[to] = idText(field);
    sources[`properties.${to}`] = `properties.${from}`;
  }
  return { properties, sources, problems: [] };
}

/** The fields of a product of the spec that a purchase keeps, by their names in Journeys. */
const PRODUCT_FIELDS = [
  ['product_id', 'productId'],
  ['sku', 'sku'],
  ['name', 'name'],
  ['category', 'category'],
  ['price', 'price'],
  ['quantity', 'quantity'],
] as const;

/**
 * purchase from Order Completed: the order id (order_id, else checkout_id), its worth (revenue,
 * else total, else value) and its products; an order of more than MAX_ORDER_PRODUCTS lines is
 * counted without them.
 */
export function orderProperties(source: Readonly<Record<string, unknown>>): MappedProperties {
  const properties: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const problems: MappedProperties['problems'] = [];
  const idField = own(source, 'order_id') !== undefined ? 'order_id' : 'checkout_id';
  const orderId = idText(own(source, idField));
  if (orderId === undefined || orderId === null)
    problems.push({ path: 'properties.order_id', message: 'is required: expected the order id' });
  else {
    properties.orderId = orderId;
    sources['properties.orderId'] = `properties.${idField}`;
  }
  const worthField = ['revenue', 'total', 'value'].find((field) => typeof own(source, field) === 'number');
  if (worthField === undefined)
    problems.push({
      path: 'properties.revenue',
      message: "is required: expected the order's revenue (or total) as a number",
    });
  else {
    properties.orderValue = own(source, worthField);
    sources['properties.orderValue'] = `properties.${worthField}`;
  }
  const products = own(source, 'products');
  if (Array.isArray(products) && products.length > 0 && products.length <= MAX_ORDER_PRODUCTS) {
    properties.products = products.map((product) => {
      if (typeof product !== 'object' || product === null) return product;
      const line = product as Record<string, unknown>;
      return Object.fromEntries(
        PRODUCT_FIELDS.flatMap(([from, to]) => {
          const field = own(line, from);
          if (field === undefined || field === null) return [];
          return [[to, from === 'product_id' || from === 'sku' ? idText(field) : field]];
        }),
      );
    });
    sources['properties.products'] = 'properties.products';
  } else if (products !== undefined && products !== null && !Array.isArray(products))
    problems.push({
      path: 'properties.products',
      message:
        'expected a list of products, each an object with product_id, sku, name, category, price and quantity',
    });
  return { properties, sources, problems };
}
