import { Controller, Get, INestApplication } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { openApiDocument } from '@mutuals/http';
import { ResponseContract } from './openapi-responses';
import { checkResponsesAgainst, takeResponseViolations } from './response-checks';

class ContactView {
  @ApiProperty() name: string;
}

class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: '09876543' }) companiesHouseNumber: string | null;
  @ApiProperty({ type: Number, nullable: true }) staffCount: number | null;
  @ApiPropertyOptional({ type: ContactView }) projectLead?: ContactView;
}

const good = { id: '2f1c7a52-5b0e-4c1e-9d7a-1b2c3d4e5f60', companiesHouseNumber: null, staffCount: 48, projectLead: { name: 'Kerry Walsh' } };
let served: unknown = good;

@Controller('organisations')
class OrganisationsController {
  @Get(':id')
  @ApiOkResponse({ type: OrganisationView })
  get() {
    return served;
  }
}

describe('checking responses against the OpenAPI document', () => {
  let app: INestApplication;
  let contract: ResponseContract;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [OrganisationsController] }).compile();
    app = module.createNestApplication({ logger: false });
    const document = openApiDocument(app, { name: 'test', title: 'Test', description: 'A test service' });
    contract = new ResponseContract(document);
    checkResponsesAgainst(app, document);
    await app.init();
  });
  afterAll(() => app?.close());

  const check = (body: unknown, status = 200) => contract.problems('get', '/organisations/{id}', status, body);

  it('a body that matches its schema passes, null where a field is nullable', () => {
    expect(check(good)).toEqual([]);
    expect(check({ ...good, companiesHouseNumber: '09876543', staffCount: null })).toEqual([]);
  });

  it.each([
    ['a number where a string is declared', { ...good, companiesHouseNumber: 9876543 }, '/companiesHouseNumber must be string'],
    ['a string where a number is declared', { ...good, staffCount: '48' }, '/staffCount must be number'],
    ['a missing required field', { companiesHouseNumber: null, staffCount: 1 }, "must have required property 'id'"],
    ['null where a field is not nullable', { ...good, id: null }, '/id must be string'],
    ['a field the document does not declare', { ...good, parentBody: 'Blackpool Council' }, "must NOT have additional properties 'parentBody'"],
    ['a nested object that breaks its referenced schema', { ...good, projectLead: { name: 7 } }, '/projectLead/name must be string'],
    ['a value outside its format', { ...good, id: 'not-a-uuid' }, '/id must match format "uuid"'],
  ])('%s fails', (_, body, problem) => {
    expect(check(body).join('\n')).toContain(problem);
  });

  it('a success status the operation does not declare fails; an error status falls back to the error body', () => {
    expect(check(good, 201)).toEqual(['GET /organisations/{id} 201: the operation declares no 201 response']);
    expect(check({ statusCode: 404, code: 'organisation-not-found', message: 'No such organisation' }, 404)).toEqual([]);
    expect(check({ error: 'Not Found' }, 404).join('\n')).toContain("must have required property 'code'");
  });

  it("a service's response that breaks its schema is recorded, and so fails the test that received it", async () => {
    const server = app.getHttpServer();
    await request(server).get(`/organisations/${good.id}`).expect(200);
    expect(takeResponseViolations()).toEqual([]);
    served = { ...good, staffCount: '48' };
    await request(server).get(`/organisations/${good.id}`).expect(200);
    expect(takeResponseViolations()).toEqual(['GET /organisations/{id} 200: /staffCount must be number,null']);
  });
});
