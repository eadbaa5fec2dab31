// The Examples panel: the repository's example operations (every .graphql
// file in testdata/queries, passed by the page), grouped, searchable; a
// click loads one into the current tab, with a variables skeleton.
import { useState } from 'react';
import { useEditorContext } from '@graphiql/react';
import { parse, print } from 'graphql';

// pretty lays a one-line document out as GraphiQL's Prettify would; a
// document with comments (print drops them) or one that does not parse (a
// refused example) is shown as written.
function pretty(query) {
  if (query.includes('#')) return query;
  try {
    return print(parse(query)) + '\n';
  } catch {
    return query;
  }
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <rect x="4" y="3" width="16" height="18" rx="2" />
      <path d="M8 8h8M8 12h8M8 16h5" strokeLinecap="round" />
    </svg>
  );
}

const groupTitles = {
  Queries: 'Queries',
  Mutations: 'Mutations (they change authentik)',
  Refused: 'Refused by the gateway (they show its errors)',
};

function ExamplesPanel({ examples }) {
  const { queryEditor, variableEditor } = useEditorContext({ nonNull: true });
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = examples.filter((e) => words.every((w) => (e.name + ' ' + (e.description || '') + ' ' + e.query).toLowerCase().includes(w)));
  const groups = [...new Set(shown.map((e) => e.group))];
  const load = (e) => {
    queryEditor && queryEditor.setValue(pretty(e.query));
    variableEditor && variableEditor.setValue(e.variables || '');
  };
  return (
    <section className="flowgate-panel flowgate-examples">
      <h2>Examples</h2>
      <input className="flowgate-filter" type="search" placeholder={`Search ${examples.length} examples`} aria-label="Search examples"
        value={filter} onChange={(e) => setFilter(e.target.value)} />
      {groups.map((g) => (
        <div key={g}>
          <h3>{groupTitles[g] || g}</h3>
          <ul>
            {shown.filter((e) => e.group === g).map((e) => (
              <li key={e.name}>
                <button type="button" data-example={e.name} title={e.description || e.query} onClick={() => load(e)}>
                  {e.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {shown.length === 0 && <p className="flowgate-hint">No example matches.</p>}
      <p className="flowgate-hint">From <code>testdata/queries/</code>: add a <code>.graphql</code> file there to add an example.</p>
    </section>
  );
}

export function examplesPlugin(examples) {
  return {
    title: 'Examples',
    icon: ExamplesIcon,
    content: () => <ExamplesPanel examples={examples} />,
  };
}
