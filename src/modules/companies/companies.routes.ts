import { z } from 'zod';
import QRCode from 'qrcode';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { publicBaseUrl } from '../../platform/config/config.ts';
import { actorOrPublic, requireActor } from '../../server/auth.ts';
import {
  applicationDto,
  applicationInput,
  applicationListQuery,
  companyDto,
  companyInput,
  companyListQuery,
  companyPatch,
  companySummaryDto,
  contactDto,
  contactInput,
  contactPatch,
  decisionInput,
  rejectionInput,
  statusChangeInput,
} from './companies.schemas.ts';
import { referenceLists } from './reference-codes.ts';
import { listCompanies } from './listCompanies.ts';
import { getCompany } from './getCompany.ts';
import { createCompany, programScope } from './createCompany.ts';
import { updateCompany } from './updateCompany.ts';
import { changeCompanyStatus } from './changeCompanyStatus.ts';
import { companyHistory, companyTimeline } from './companyRecords.ts';
import { addContact, listContacts, removeContact, updateContact } from './manageContacts.ts';
import { acceptApplication, getApplication, listApplications, rejectApplication, submitApplication } from './applications.ts';

const paged = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
const idParams = z.object({ id: z.string().min(1).max(64) });

export function companiesRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/reference-codes', { schema: { tags: ['reference'], summary: 'Reference code lists (labels are in the i18n catalog)' } }, async () => referenceLists);

    // --- applications (public form → program office)
    app.post('/applications', {
      config: { skipCsrf: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['applications'], summary: 'Public application form (no login)', body: applicationInput, response: { 201: applicationDto } },
    }, async (req, reply) => reply.code(201).send(await submitApplication(deps, { actor: actorOrPublic(req) }, req.body)));

    app.get('/applications', { schema: { tags: ['applications'], querystring: applicationListQuery, response: { 200: paged(applicationDto) } } }, async (req) =>
      listApplications(deps, { actor: requireActor(req) }, req.query),
    );

    app.get('/applications/form-link', {
      schema: { tags: ['applications'], summary: 'URL and QR code of the public application form', response: { 200: z.object({ url: z.string(), qrSvg: z.string(), qrPngDataUrl: z.string() }) } },
    }, async (req) => {
      programScope({ actor: requireActor(req) });
      const url = `${publicBaseUrl(deps.config)}/apply`;
      const [qrSvg, qrPngDataUrl] = await Promise.all([
        QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
        QRCode.toDataURL(url, { margin: 2, width: 480, errorCorrectionLevel: 'M' }),
      ]);
      return { url, qrSvg, qrPngDataUrl };
    });

    app.get('/applications/:id', { schema: { tags: ['applications'], params: idParams, response: { 200: applicationDto } } }, async (req) =>
      getApplication(deps, { actor: requireActor(req) }, req.params.id),
    );

    app.post('/applications/:id/accept', {
      schema: { tags: ['applications'], params: idParams, body: decisionInput.optional(), response: { 200: z.object({ application: applicationDto, company: companyDto }) } },
    }, async (req) => acceptApplication(deps, { actor: requireActor(req) }, req.params.id, req.body?.note));

    app.post('/applications/:id/reject', {
      schema: { tags: ['applications'], params: idParams, body: rejectionInput, response: { 200: z.object({ application: applicationDto }) } },
    }, async (req) => rejectApplication(deps, { actor: requireActor(req) }, req.params.id, req.body.reason));

    // --- companies
    app.get('/companies', { schema: { tags: ['companies'], querystring: companyListQuery, response: { 200: paged(companySummaryDto) } } }, async (req) =>
      listCompanies(deps, { actor: requireActor(req) }, req.query),
    );

    app.post('/companies', { schema: { tags: ['companies'], body: companyInput, response: { 201: companyDto } } }, async (req, reply) =>
      reply.code(201).send(await createCompany(deps, { actor: requireActor(req) }, req.body)),
    );

    app.get('/companies/:id', { schema: { tags: ['companies'], params: idParams, response: { 200: companyDto } } }, async (req) =>
      getCompany(deps, { actor: requireActor(req) }, req.params.id),
    );

    app.patch('/companies/:id', { schema: { tags: ['companies'], params: idParams, body: companyPatch, response: { 200: companyDto } } }, async (req) =>
      updateCompany(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );

    app.post('/companies/:id/status', { schema: { tags: ['companies'], params: idParams, body: statusChangeInput, response: { 200: companyDto } } }, async (req) =>
      changeCompanyStatus(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );

    app.get('/companies/:id/history', { schema: { tags: ['companies'], params: idParams } }, async (req) => companyHistory(deps, { actor: requireActor(req) }, req.params.id));

    app.get('/companies/:id/timeline', {
      schema: {
        tags: ['companies'],
        summary: 'Activity timeline (audit rows about the company); staff views are left out unless views=true',
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100), views: z.enum(['true', 'false']).default('false') }),
      },
    }, async (req) => companyTimeline(deps, { actor: requireActor(req) }, req.params.id, req.query.limit, req.query.views === 'true'));

    app.get('/companies/:id/contacts', { schema: { tags: ['companies'], params: idParams, response: { 200: z.object({ items: z.array(contactDto) }) } } }, async (req) =>
      listContacts(deps, { actor: requireActor(req) }, req.params.id),
    );

    app.post('/companies/:id/contacts', { schema: { tags: ['companies'], params: idParams, body: contactInput, response: { 201: contactDto } } }, async (req, reply) =>
      reply.code(201).send(await addContact(deps, { actor: requireActor(req) }, req.params.id, req.body)),
    );

    const contactParams = idParams.extend({ contactId: z.string().min(1).max(64) });
    app.patch('/companies/:id/contacts/:contactId', { schema: { tags: ['companies'], params: contactParams, body: contactPatch, response: { 200: contactDto } } }, async (req) =>
      updateContact(deps, { actor: requireActor(req) }, req.params.id, req.params.contactId, req.body),
    );

    app.delete('/companies/:id/contacts/:contactId', { schema: { tags: ['companies'], params: contactParams } }, async (req, reply) => {
      await removeContact(deps, { actor: requireActor(req) }, req.params.id, req.params.contactId);
      return reply.code(204).send();
    });
  };
}
