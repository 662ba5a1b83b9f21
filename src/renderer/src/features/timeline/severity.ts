// How the view reads a record at a glance (the rules are core's: the store filters by them).
export { severity, NO_FILTER } from '../../../../core/timeline'
