import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * What a page declares about itself: `export const page = { title, services, order }` as a
 * flat literal in its file under `pages/`. The registry reads only that object at start
 * (see pageInfoPlugin in ../vite.config.ts); the page's code is its own chunk, loaded when opened.
 */
export interface PageInfo {
  /** Shown in the navigation and as the page heading. */
  title: string;
  /** Local services that must run and hold resources for the page to appear (`sqs`, `stepfunctions`…). */
  services: readonly string[];
  /** Position in the navigation, lower first. */
  order: number;
}

/** What a page component receives: the route segments after its own id (`#/users/<pool>/<user>` → `[pool, user]`). */
export interface PageProps {
  route: string[];
}

export interface ConsolePage extends PageInfo {
  /** The file name without extension: its route (`#/<id>`). */
  id: string;
  Component: LazyExoticComponent<ComponentType<PageProps>>;
  /** Starts loading the page's chunk (the console does so for the opened page while its session loads). */
  preload(): void;
}

const infos = import.meta.glob<PageInfo>('./pages/*.tsx', { query: '?page-info', import: 'default', eager: true });
const modules = import.meta.glob<{ default: ComponentType<PageProps> }>('./pages/*.tsx');

/** Every page of the console, in navigation order (whether or not its services run here). */
export const PAGES: readonly ConsolePage[] = Object.entries(modules)
  .map(([file, load]) => {
    const info = infos[`${file}?page-info`] ?? infos[file];
    if (!info) throw new Error(`${file}: no page info`);
    return { id: file.replace(/^\.\/pages\//, '').replace(/\.tsx$/, ''), ...info, Component: lazy(load), preload: () => void load() };
  })
  .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
