import { create } from 'zustand';
import type { SearchResult } from '../../../shared/history';

/** What the Search screen was showing, kept while the user visits other screens. */
export interface SearchForm {
  text: string;
  direction: '' | 'in' | 'out';
  from: string;
  to: string;
  number: string;
}

export interface SearchRequest {
  text: string;
  direction?: 'in' | 'out';
  from?: number;
  to?: number;
  number?: string;
}

interface SearchState extends SearchForm {
  /** The account the results belong to: another account's search starts afresh. */
  readonly owner: string | null;
  readonly query: SearchRequest | null;
  readonly result: SearchResult | null;
  readonly update: (patch: Partial<SearchForm>) => void;
  readonly found: (query: SearchRequest, result: SearchResult) => void;
  readonly claim: (owner: string) => void;
}

const blank: SearchForm = { text: '', direction: '', from: '', to: '', number: '' };

export const useSearch = create<SearchState>()((set, get) => ({
  ...blank,
  owner: null,
  query: null,
  result: null,
  update: (patch) => set(patch),
  found: (query, result) => set({ query, result }),
  claim: (owner) => {
    if (get().owner !== owner) set({ ...blank, owner, query: null, result: null });
  },
}));
