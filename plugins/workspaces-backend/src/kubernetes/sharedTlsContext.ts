import tls from 'tls';

/** What identifies a TLS context: the CA, client certificate and key, as given. */
type TlsMaterial = Pick<tls.SecureContextOptions, 'ca' | 'cert' | 'key'>;

const contexts = new Map<string, tls.SecureContext>();

const text = (value: TlsMaterial[keyof TlsMaterial]) =>
  value === undefined ? '' : String(value);

/**
 * One TLS context per CA, client certificate and key, shared by the
 * requests that use them: Node builds (and parses the certificates of) a
 * context per connection otherwise, and keeps it as long as the connection
 * is open, which for followed logs is as long as someone reads them. A
 * rotated certificate or key is new material, so it gets a context of its
 * own; the few superseded ones are kept (one per rotation).
 */
export function sharedTlsContext(material: TlsMaterial): tls.SecureContext {
  const key = [material.ca, material.cert, material.key].map(text).join('\0');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({
      ca: material.ca,
      cert: material.cert,
      key: material.key,
    });
    contexts.set(key, context);
  }
  return context;
}
