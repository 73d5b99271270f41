import { create } from 'zustand';

export const screens = ['inbox', 'outbox', 'compose', 'optins', 'bulk', 'settings'] as const;
export type Screen = (typeof screens)[number];

export const screenTitles: Record<Screen, string> = {
  inbox: 'Inbox',
  outbox: 'Outbox',
  compose: 'Compose',
  optins: 'Opt-ins',
  bulk: 'Bulk send',
  settings: 'Settings',
};

interface NavigationState {
  readonly screen: Screen;
  readonly navigate: (screen: Screen) => void;
}

export const useNavigation = create<NavigationState>()((set) => ({
  screen: 'inbox',
  navigate: (screen) => set({ screen }),
}));
