/** The Hookline Web Console page: a plain {@code javax.servlet.Servlet} plugin; exports nothing. */
package io.hookline.webconsole.internal;
