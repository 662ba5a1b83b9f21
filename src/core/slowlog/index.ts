// The public entry of core/slowlog: other capabilities and layers import it, never its files.
export * from './php-fpm-slowlog'
export * from './slowlog-analysis'
