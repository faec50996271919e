package org.ecogate.agent.runtime.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger of {@link AgentLog}; immutable, thread-safe. */
final class AgentLogger extends LegacyAbstractLogger {
    private final String shortName;
    private final int fixed;

    AgentLogger(String name) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.fixed = AgentLog.fixedThreshold(name);
    }

    @Override public boolean isTraceEnabled() { return AgentLog.enabled(fixed, Level.TRACE); }
    @Override public boolean isDebugEnabled() { return AgentLog.enabled(fixed, Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return AgentLog.enabled(fixed, Level.INFO); }
    @Override public boolean isWarnEnabled() { return AgentLog.enabled(fixed, Level.WARN); }
    @Override public boolean isErrorEnabled() { return AgentLog.enabled(fixed, Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        AgentLog.write(shortName, level, MessageFormatter.basicArrayFormat(pattern, args), t);
    }
}
