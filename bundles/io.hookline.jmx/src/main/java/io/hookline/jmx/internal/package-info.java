/** The MBeans behind {@link io.hookline.jmx}, their registration and the mapping to open types. Exports nothing. */
package io.hookline.jmx.internal;
