import { create } from 'zustand';

export const screens = ['inbox', 'search', 'outbox', 'compose', 'templates', 'optins', 'bulk', 'settings'] as const;
export type Screen = (typeof screens)[number];

export const screenTitles: Record<Screen, string> = {
  inbox: 'Inbox',
  search: 'Search',
  outbox: 'Outbox',
  compose: 'Compose',
  templates: 'Templates',
  optins: 'Opt-ins',
  bulk: 'Bulk send',
  settings: 'Settings',
};

/** A conversation to show in the inbox, optionally scrolled to one message (a search result). */
export interface ConversationTarget {
  contact: string;
  around?: string;
}

interface NavigationState {
  readonly screen: Screen;
  readonly conversation: ConversationTarget | null;
  readonly navigate: (screen: Screen) => void;
  readonly openConversation: (target: ConversationTarget) => void;
}

export const useNavigation = create<NavigationState>()((set) => ({
  screen: 'inbox',
  conversation: null,
  navigate: (screen) => set({ screen }),
  openConversation: (conversation) => set({ screen: 'inbox', conversation }),
}));
