/** Said only to visitors without JavaScript, where an action below cannot work for them. */
export function NeedsJs({ to }: { to: string }) {
  return (
    <noscript>
      <p className="notice notice--info">Please enable JavaScript to {to}.</p>
    </noscript>
  );
}
