// One typed GraphQL request. Documents are written with graphql(`…`) from
// ./gql, which GraphQL Code Generator generates from the repository's
// schema.graphql: the result and the variables of each document are typed.
import type { TypedDocumentString } from './gql/graphql';

export interface GraphQLError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: {
    code?: string;
    // BAD_USER_INPUT: messages by argument path (input.slug, bindingPks, …)
    fields?: Record<string, string[] | string>;
    nonFieldErrors?: string[];
    [key: string]: unknown;
  };
}

export interface Result<T> {
  data: T | null;
  errors: GraphQLError[];
}

const TOKEN_KEY = 'flowgate:dashboard:token';

export function token(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(v: string): void {
  try {
    if (v) localStorage.setItem(TOKEN_KEY, v);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lasts for this page only.
  }
}

let endpoint = '/graphql';

export function setEndpoint(e: string): void {
  endpoint = e;
}

// request sends one GraphQL request and returns {data, errors}. A transport
// failure or an answer that is not JSON becomes a single error.
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<Result<R>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST', headers, credentials: 'omit', body: JSON.stringify({ query: doc.toString(), variables }),
    });
  } catch (e) {
    return { data: null, errors: [{ message: 'flowgate could not be reached: ' + String(e), extensions: { code: 'NETWORK' } }] };
  }
  try {
    const body = (await res.json()) as { data?: R | null; errors?: GraphQLError[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  } catch {
    return { data: null, errors: [{ message: `HTTP ${res.status}: the response is not JSON`, extensions: { code: 'HTTP_' + res.status } }] };
  }
}
