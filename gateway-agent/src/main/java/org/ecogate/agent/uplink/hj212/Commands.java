package org.ecogate.agent.uplink.hj212;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.hj212.Cn;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the platform's commands: 9011 (QnRtn), the requested data, then 9012 (ExeRtn). Re-send of history (补传)
 * for 2051/2061/2031/2041 from the buffer (2031 computed from the hour summaries), each record with its own QN and acknowledged by 9014, "no data" (100) when the
 * buffer no longer holds the range; 1011/1012 time, 1061/1062 real-time interval, 1072 password, 1000 timeout and
 * retries. Runs on the uplink's thread only. Trap: 1012 goes through {@link SiteTime}, never the system clock.
 */
final class Commands {
    private static final Logger log = LoggerFactory.getLogger(Commands.class);
    private final Hj212Uplink up;

    Commands(Hj212Uplink up) {
        this.up = up;
    }

    void handle(Hj212Link link, Packet req) throws IOException, InterruptedException, BufferException {
        String name = up.cfg().name();
        if (!up.cfg().mn().equals(req.mn())) {
            answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_MN_WRONG);
            log.warn("uplink {}: command CN={} for MN {} refused: this site is {}", name, req.cn(), req.mn(), up.cfg().mn());
            return;
        }
        if (!up.settings().pw().equals(req.pw())) {
            answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_PW_WRONG);
            log.warn("uplink {}: command CN={} QN={} refused: wrong password", name, req.cn(), req.qn());
            return;
        }
        if (req.qn() == null) {
            log.warn("uplink {}: command CN={} without QN ignored", name, req.cn());
            return;
        }
        log.info("uplink {}: platform command CN={} QN={} {}", name, req.cn(), req.qn(), req.cp().text());
        Cp cp = req.cp();
        switch (req.cn()) {
            case Cn.MINUTE, Cn.HOUR, Cn.DAY, Cn.RUN_TIME_DAY -> resend(link, req);
            case Cn.GET_TIME -> {
                ready(link, req);
                upload(link, req, Cp.builder().item("SystemTime", up.messages().dataTime(up.clock().millis())).build());
                done(link, req, Cn.EXE_OK);
            }
            case Cn.SET_TIME -> {
                String t = cp.get("SystemTime");
                if (t == null || !t.matches("\\d{14}")) {
                    answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_REJECTED);
                    return;
                }
                ready(link, req);
                String refused = up.siteTime().set(Instant.ofEpochMilli(up.messages().parseTime(t)));
                if (refused != null) log.warn("uplink {}: time {} from the platform not applied: {}", name, t, refused);
                done(link, req, refused == null ? Cn.EXE_OK : Cn.EXE_FAILED);
            }
            case Cn.GET_RTD_INTERVAL -> {
                ready(link, req);
                upload(link, req, Cp.builder().item("RtdInterval", "" + up.settings().realtimeInterval().toSeconds()).build());
                done(link, req, Cn.EXE_OK);
            }
            case Cn.SET_RTD_INTERVAL -> {
                Integer s = intOf(cp.get("RtdInterval"), 1, 3600);
                if (s == null) {
                    answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_REJECTED);
                    return;
                }
                ready(link, req);
                up.settings().setRealtimeInterval(Duration.ofSeconds(s));
                done(link, req, Cn.EXE_OK);
            }
            case Cn.SET_PASSWORD -> {
                String pw = cp.get("NewPW");
                if (pw == null || !pw.matches("[^;,&=\\s]{1,9}")) {
                    answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_REJECTED);
                    return;
                }
                ready(link, req);
                done(link, req, Cn.EXE_OK);
                up.settings().setPw(pw);
                log.info("uplink {}: access password changed by the platform", name);
            }
            case Cn.SET_TIMEOUT_RETRY -> {
                Integer t = intOf(cp.get("OverTime"), 1, 600);
                Integer r = intOf(cp.get("ReCount"), 0, 10);
                if (t == null || r == null) {
                    answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_REJECTED);
                    return;
                }
                ready(link, req);
                up.settings().setTimeoutRetries(Duration.ofSeconds(t), r);
                done(link, req, Cn.EXE_OK);
            }
            default -> {
                answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_CN_WRONG);
                log.info("uplink {}: command CN={} not supported: answered QnRtn=8", name, req.cn());
            }
        }
    }

    /** 补传: every record of the kind in [BeginTime, EndTime], each acknowledged, then 9012 (100 when none held). */
    private void resend(Hj212Link link, Packet req) throws IOException, InterruptedException, BufferException {
        String begin = req.cp().get("BeginTime");
        String end = req.cp().get("EndTime");
        if (begin == null || end == null || !begin.matches("\\d{14}") || !end.matches("\\d{14}")) {
            answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_REJECTED);
            return;
        }
        ready(link, req);
        long from = up.messages().parseTime(begin);
        long to = up.messages().parseTime(end);
        String kind = switch (req.cn()) {
            case Cn.MINUTE -> "minute:";
            case Cn.HOUR, Cn.DAY -> "hour:";
            default -> "ledger:";
        };
        List<Cp> messages = new ArrayList<>();
        if (Cn.DAY.equals(req.cn())) { // days from the hour summaries, one message per local day in the range
            java.time.ZonedDateTime d = Instant.ofEpochMilli(from).atZone(up.cfg().zoneId()).toLocalDate()
                    .atStartOfDay(up.cfg().zoneId());
            for (int i = 0; i < 400 && d.toInstant().toEpochMilli() <= to; i++, d = d.plusDays(1)) {
                long day = d.toInstant().toEpochMilli();
                if (day < from) continue;
                long dayEnd = d.plusDays(1).toInstant().toEpochMilli() - 1;
                messages.add(up.messages().day(day, Hj212Uplink.kind(up.buffer().docsBetween(Buffer.SUMMARIES, day, dayEnd,
                        100_000), "hour:")));
            }
        } else {
            List<BufferedRecord> match = Hj212Uplink.kind(up.buffer().docsBetween(Buffer.SUMMARIES, from, to, 100_000), kind);
            for (List<BufferedRecord> group : Hj212Uplink.groups(match)) messages.add(up.messages().summaries(req.cn(), group));
        }
        int sent = 0;
        for (Cp cp : messages) {
            if (cp == null) continue;
            if (!up.sendData(link, req.cn(), cp)) {
                done(link, req, Cn.EXE_FAILED);
                log.warn("uplink {}: re-send {} {}..{} stopped after {} records: the platform did not answer", up.cfg().name(),
                        req.cn(), begin, end, sent);
                return;
            }
            sent++;
        }
        done(link, req, sent == 0 ? Cn.EXE_NO_DATA : Cn.EXE_OK);
        log.info("uplink {}: re-send {} {}..{}: {} records{}", up.cfg().name(), req.cn(), begin, end, sent,
                sent == 0 ? " (the buffer holds none: answered no data)" : "");
    }

    private void ready(Hj212Link link, Packet req) throws IOException {
        answer(link, req, Cn.REQUEST_ANSWER, "QnRtn", Cn.QN_READY);
    }

    private void done(Hj212Link link, Packet req, int exeRtn) throws IOException {
        answer(link, req, Cn.EXECUTION_RESULT, "ExeRtn", exeRtn);
    }

    private void answer(Hj212Link link, Packet req, String cn, String field, int code) throws IOException {
        link.send(new Packet(req.qn(), "91", cn, up.settings().pw(), up.cfg().mn(), up.version().flag(false, false),
                Cp.builder().item(field, "" + code).build()));
    }

    /** The data a query asks for, with the request's QN, no answer expected. */
    private void upload(Hj212Link link, Packet req, Cp cp) throws IOException {
        link.send(new Packet(req.qn(), up.cfg().st(), req.cn(), up.settings().pw(), up.cfg().mn(),
                up.version().flag(false, false), cp));
    }

    private static Integer intOf(String s, int min, int max) {
        if (s == null || !s.matches("\\d{1,6}")) return null;
        int v = Integer.parseInt(s);
        return v < min || v > max ? null : v;
    }
}
