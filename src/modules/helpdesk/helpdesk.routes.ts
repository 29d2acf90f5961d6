import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import { AppError } from '../../platform/http/app-error.ts';
import {
  caseCreate,
  caseDetailDto,
  caseEventDto,
  caseListItem,
  caseListQuery,
  caseMessage,
  casePatch,
  escalation,
  judgementInput,
  kbDto,
  kbInput,
  kbPatch,
  kbCategories,
  noticeInput,
  quarantineReasons,
} from './helpdesk.schemas.ts';
import { createCase, escalateCase, getCase, isCaseWorker, listCases, recordJudgement, updateCase } from './cases.ts';
import { postMessage } from './messages.ts';
import { caseFromAlert } from './alertToCase.ts';
import { readAttachment } from './attachments.ts';
import { discardQuarantined, listQuarantine, releaseQuarantined } from './mail-intake.ts';
import { createKb, getKb, listKb, updateKb } from './kb.ts';
import { listNotices, sendNotice } from './notices.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function helpdeskRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/cases', {
      schema: { tags: ['helpdesk'], summary: 'Cases (staff: any company; company users: their own)', querystring: caseListQuery, response: { 200: z.object({ items: z.array(caseListItem), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    }, async (req) => listCases(deps, { actor: requireActor(req) }, req.query));

    app.post('/cases', { schema: { tags: ['helpdesk'], summary: 'Open a case (company users: web form; staff: phone log or outbound)', body: caseCreate, response: { 201: caseDetailDto } } }, async (req, reply) =>
      reply.code(201).send(await createCase(deps, { actor: requireActor(req) }, req.body)),
    );

    app.get('/cases/:id', { schema: { tags: ['helpdesk'], summary: 'A case with its timeline (staff views are audited)', params: idParams, response: { 200: caseDetailDto } } }, async (req) =>
      getCase(deps, { actor: requireActor(req) }, req.params.id),
    );

    app.patch('/cases/:id', { schema: { tags: ['helpdesk'], params: idParams, body: casePatch, response: { 200: caseDetailDto } } }, async (req) =>
      updateCase(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );

    app.post('/cases/:id/messages', { schema: { tags: ['helpdesk'], summary: 'Reply (mailed to the customer), internal note or call note', params: idParams, body: caseMessage, response: { 201: caseEventDto } } }, async (req, reply) =>
      reply.code(201).send(await postMessage(deps, { actor: requireActor(req) }, req.params.id, req.body)),
    );

    app.post('/cases/:id/escalate', { schema: { tags: ['helpdesk'], summary: 'Front line → back office', params: idParams, body: escalation, response: { 200: caseDetailDto } } }, async (req) =>
      escalateCase(deps, { actor: requireActor(req) }, req.params.id, req.body.reason),
    );

    app.post('/cases/:id/judgement', { schema: { tags: ['helpdesk'], summary: "The back office's judgement: incident or not, category, dispatch or not, why", params: idParams, body: judgementInput, response: { 200: caseDetailDto } } }, async (req) =>
      recordJudgement(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );

    app.get('/cases/:id/attachments/:attachmentId', { schema: { tags: ['helpdesk'], params: z.object({ id: z.string().max(64), attachmentId: z.string().max(64) }) } }, async (req, reply) => {
      const a = await readAttachment(deps, { actor: requireActor(req) }, req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('x-sha256', a.sha256)
        .send(a.content);
    });

    app.post('/alerts/:id/case', { schema: { tags: ['helpdesk'], summary: 'Turn an alert into an outbound case with a call script', params: idParams, response: { 200: caseDetailDto, 201: caseDetailDto } } }, async (req, reply) => {
      const r = await caseFromAlert(deps, { actor: requireActor(req) }, req.params.id);
      return reply.code(r.created ? 201 : 200).send(r.detail);
    });

    app.get('/mail/quarantine', {
      schema: { tags: ['helpdesk'], querystring: pageQuery.extend({ status: z.enum(['held', 'released', 'discarded']).optional() }) },
    }, async (req) => listQuarantine(deps, { actor: requireActor(req) }, req.query));
    app.post('/mail/quarantine/:id/release', { schema: { tags: ['helpdesk'], params: idParams, body: z.strictObject({ companyId: z.string().min(1).max(64) }), response: { 201: caseDetailDto } } }, async (req, reply) =>
      reply.code(201).send(await releaseQuarantined(deps, { actor: requireActor(req) }, req.params.id, req.body.companyId)),
    );
    app.post('/mail/quarantine/:id/discard', { schema: { tags: ['helpdesk'], params: idParams } }, async (req, reply) => {
      await discardQuarantined(deps, { actor: requireActor(req) }, req.params.id);
      return reply.code(204).send();
    });

    app.get('/kb', { schema: { tags: ['helpdesk'], summary: 'Knowledge base (company users: the published help page)', querystring: z.strictObject({ q: z.string().max(200).optional(), category: z.enum(kbCategories).optional() }), response: { 200: z.object({ items: z.array(kbDto) }) } } }, async (req) =>
      listKb(deps, { actor: requireActor(req) }, req.query),
    );
    app.get('/kb/:id', { schema: { tags: ['helpdesk'], params: idParams, response: { 200: kbDto } } }, async (req) => getKb(deps, { actor: requireActor(req) }, req.params.id));
    app.post('/kb', { schema: { tags: ['helpdesk'], body: kbInput, response: { 201: kbDto } } }, async (req, reply) => reply.code(201).send(await createKb(deps, { actor: requireActor(req) }, req.body)));
    app.patch('/kb/:id', { schema: { tags: ['helpdesk'], params: idParams, body: kbPatch, response: { 200: kbDto } } }, async (req) => updateKb(deps, { actor: requireActor(req) }, req.params.id, req.body));

    app.post('/notices', { schema: { tags: ['helpdesk'], summary: 'Send a notice to many companies (mail + in-app)', body: noticeInput, response: { 201: z.object({ id: z.string(), recipients: z.number(), mailed: z.number() }) } } }, async (req, reply) =>
      reply.code(201).send(await sendNotice(deps, { actor: requireActor(req) }, req.body)),
    );
    app.get('/notices', { schema: { tags: ['helpdesk'], querystring: pageQuery } }, async (req) => listNotices(deps, { actor: requireActor(req) }, req.query));

    app.get('/helpdesk/settings', { schema: { tags: ['helpdesk'], summary: 'Help-desk address, SLA targets and business calendar' } }, async (req) => {
      const actor = requireActor(req);
      if (!isCaseWorker(actor)) throw new AppError('forbidden', 'help-desk staff only');
      const h = deps.config.helpdesk;
      return { address: h.address, smtpPort: h.smtpPort, maxMailBytes: h.maxMailBytes, maxAttachmentBytes: h.maxAttachmentBytes, sla: h.sla, calendar: h.calendar, mailCalendar: '24/365', quarantineReasons };
    });
  };
}
