/** Read-only JSON with keys, strings and numbers told apart; long values wrap. */
export function JsonView({ value }: { value: unknown }) {
  return <pre className="json">{render(value, 0)}</pre>;
}

function render(value: unknown, depth: number): React.ReactNode {
  const pad = '  '.repeat(depth);
  if (value === null || value === undefined) return <span className="j-null">{String(value)}</span>;
  if (typeof value === 'string') return <span className="j-str">{JSON.stringify(value)}</span>;
  if (typeof value === 'number' || typeof value === 'boolean')
    return <span className="j-num">{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return (
      <>
        {'[\n'}
        {value.map((v, i) => (
          <span key={i}>
            {pad}
            {'  '}
            {render(v, depth + 1)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {pad}]
      </>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return (
    <>
      {'{\n'}
      {entries.map(([k, v], i) => (
        <span key={k}>
          {pad}
          {'  '}
          <span className="j-key">{k}</span>: {render(v, depth + 1)}
          {i < entries.length - 1 ? ',\n' : '\n'}
        </span>
      ))}
      {pad}
      {'}'}
    </>
  );
}
