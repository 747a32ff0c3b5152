/**
 * Only what touches Camel: the camel-main application, the beans the routes of routes/*.yaml
 * call (thin: each hands over to {@code campaign}), the JMX MBeans, the dead-letter handling.
 * Queues and every hand-off between stages are in the YAML routes, not here.
 */
package org.xtalflow.camel;
